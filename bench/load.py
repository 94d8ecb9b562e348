"""Load generation against the API (httpx.AsyncClient, 127.0.0.1 only): closed loops of concurrent clients
bounded in time, an availability update storm bounded in count, and update-to-visible probes.

Every request's latency is the wall time from just before the request is sent to the full body read.
An error is any answer other than 200 or any exception (timeouts included).
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

TIMEOUT_S = 10.0


def percentile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100.0
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ms(values: Sequence[float], q: float) -> float:
    return round(percentile(values, q) * 1000.0, 2)


@dataclass(frozen=True)
class Call:
    """One request of a workload: a path with its query string, and headers (an API key or none)."""

    path: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    def summary(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "qps": round(len(self.latencies) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": ms(self.latencies, 50),
            "p90_ms": ms(self.latencies, 90),
            "p99_ms": ms(self.latencies, 99),
            "max_ms": ms(self.latencies, 100),
            "duration_s": round(self.seconds, 2),
            "statuses": dict(self.statuses),
        }


def client(base_url: str, connections: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=TIMEOUT_S)


async def timed_get(http: httpx.AsyncClient, call: Call) -> tuple[float, httpx.Response | None, str]:
    """(seconds, response or None, outcome): outcome is the status code or the exception's name."""
    started = time.perf_counter()
    try:
        response = await http.get(call.path, headers=call.headers)
        await response.aread()
    except httpx.HTTPError as exc:
        return time.perf_counter() - started, None, type(exc).__name__
    return time.perf_counter() - started, response, str(response.status_code)


async def closed_loop(
    http: httpx.AsyncClient,
    calls: Sequence[Call],
    clients: int,
    duration: float | None = None,
    stop: asyncio.Event | None = None,
) -> Sample:
    """``clients`` concurrent clients, each sending its next request as soon as the previous one answers,
    until ``duration`` seconds have passed or ``stop`` is set. Clients start at different places of
    ``calls`` and walk it in order."""
    sample = Sample()
    started = time.perf_counter()
    deadline = started + duration if duration is not None else float("inf")

    async def one(offset: int) -> None:
        i = offset
        while time.perf_counter() < deadline and not (stop is not None and stop.is_set()):
            seconds, response, outcome = await timed_get(http, calls[i % len(calls)])
            sample.statuses[outcome] += 1
            if response is not None and response.status_code == 200:
                sample.latencies.append(seconds)
            else:
                sample.errors += 1
            i += 1

    step = max(1, len(calls) // clients)
    await asyncio.gather(*(one(c * step) for c in range(clients)))
    sample.seconds = time.perf_counter() - started
    return sample


# --- availability ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BedsTarget:
    """An offer with installed beds (TRE_R329 01), where it is, and one activity to find it by."""

    offer_id: str
    installed: int
    lat: float
    lon: float
    activity: str


@dataclass
class Storm:
    sample: Sample
    updates: int


async def update_storm(
    http: httpx.AsyncClient,
    targets: Sequence[BedsTarget],
    count: int,
    concurrency: int,
    headers: dict[str, str],
    seed: int,
) -> Storm:
    """``count`` availability updates (random offers, random figures ≤ installed) by ``concurrency`` writers."""
    rng = random.Random(f"{seed}:storm")
    plan = [(t, rng.randint(0, t.installed)) for t in rng.choices(targets, k=count)]
    queue = iter(plan)
    sample = Sample()
    started = time.perf_counter()

    async def writer() -> None:
        for target, free in queue:
            t0 = time.perf_counter()
            try:
                response = await http.put(
                    f"/v1/offers/{target.offer_id}/availability", json={"beds": {"01": free}}, headers=headers
                )
                outcome = str(response.status_code)
                ok = response.status_code == 200
            except httpx.HTTPError as exc:
                outcome, ok = type(exc).__name__, False
            sample.statuses[outcome] += 1
            if ok:
                sample.latencies.append(time.perf_counter() - t0)
            else:
                sample.errors += 1

    await asyncio.gather(*(writer() for _ in range(concurrency)))
    sample.seconds = time.perf_counter() - started
    return Storm(sample, count)


def probe_call(target: BedsTarget, headers: dict[str, str]) -> Call:
    """A search that returns the target's site (50 m around it, its activity), as a professional."""
    query = httpx.QueryParams(
        {
            "lat": f"{target.lat:.7f}",
            "lon": f"{target.lon:.7f}",
            "radius_km": "0.05",
            "activity": target.activity,
            "size": "100",
        }
    )
    return Call(f"/v1/search?{query}", headers)


async def searched_free_beds(http: httpx.AsyncClient, call: Call, offer_id: str) -> int | str | None:
    """Free beds of the offer as search returns it; the string "absent" when the search does not return it."""
    _, response, _ = await timed_get(http, call)
    if response is None or response.status_code != 200:
        return "absent"
    for item in response.json()["items"]:
        if item["id"] == offer_id:
            free: int | None = (item.get("availability") or {}).get("free_beds")
            return free
    return "absent"


@dataclass
class Visibility:
    delays: list[float] = field(default_factory=list)
    timeouts: int = 0
    skipped: int = 0
    errors: int = 0
    polls: int = 0


async def visibility_probes(
    http: httpx.AsyncClient,
    targets: Sequence[BedsTarget],
    probes: int,
    concurrency: int,
    pro: dict[str, str],
    writer: dict[str, str],
    poll_s: float = 0.025,
    timeout_s: float = 15.0,
) -> Visibility:
    """Update-to-visible delay: a new figure is PUT, then the offer is searched every ``poll_s`` until the
    figure shows. The delay runs from just before the PUT is sent to the search answer that shows it."""
    result = Visibility()
    pending = iter(targets)
    reserved = 0

    async def prober() -> None:
        nonlocal reserved
        for target in pending:
            if reserved >= probes:
                return
            reserved += 1
            call = probe_call(target, pro)
            current = await searched_free_beds(http, call, target.offer_id)
            if current == "absent" or target.installed < 1:
                reserved -= 1
                result.skipped += 1
                if result.skipped > 5 * probes:  # bounded: the offers cannot be found by search
                    return
                continue
            new = (current + 1) % (target.installed + 1) if isinstance(current, int) else 1
            started = time.perf_counter()
            try:
                response = await http.put(
                    f"/v1/offers/{target.offer_id}/availability", json={"beds": {"01": new}}, headers=writer
                )
            except httpx.HTTPError:
                result.errors += 1
                continue
            if response.status_code != 200:
                result.errors += 1
                continue
            while True:
                result.polls += 1
                if await searched_free_beds(http, call, target.offer_id) == new:
                    result.delays.append(time.perf_counter() - started)
                    break
                if time.perf_counter() - started > timeout_s:
                    result.timeouts += 1
                    break
                await asyncio.sleep(poll_s)

    await asyncio.gather(*(prober() for _ in range(concurrency)))
    return result


# --- processes ------------------------------------------------------------------------------------


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (``/proc/<pid>/stat``)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def system_cpu_s() -> float:
    """CPU seconds all processes spent busy since boot, over all cores (``/proc/stat``: all but idle and iowait)."""
    with open("/proc/stat", encoding="ascii") as fh:
        fields = [int(v) for v in fh.readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def process_memory_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak resident) of a process, in kB (``/proc/<pid>/status``)."""
    out: dict[str, int] = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
    return out
