#!/usr/bin/env python3
"""Commit-to-subscriber latency of the task event stream.

    feed_latency.py http://127.0.0.1:18080/api/tasks/events SECONDS

Reads the SSE stream for SECONDS and, for every task event, takes the time it was read minus the
event's updated_at. The writer (bench/run.sh: pgbench at a fixed rate) sets updated_at to
clock_timestamp() in a one-statement transaction, so updated_at is at most the statement's own
duration before the commit: the figure is commit-to-subscriber, slightly over-stated, never under.
Same machine, same clock. Prints one RESULT line.
"""
import datetime
import http.client
import json
import sys
import time
import urllib.parse


def main():
    url = urllib.parse.urlparse(sys.argv[1])
    seconds = float(sys.argv[2])
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=seconds + 10)
    connection.request("GET", url.path + ("?" + url.query if url.query else ""),
                       headers={"Accept": "text/event-stream"})
    response = connection.getresponse()
    if response.status != 200:
        print(f"RESULT received=0 error=status_{response.status}")
        return
    latencies = []
    ids = []  # of the events with data (a comment may carry an id: too)
    deadline = time.time() + seconds
    event_id = None
    while time.time() < deadline:
        line = response.readline()
        if not line:
            break
        line = line.decode("utf-8").rstrip("\n")
        if line == "":
            event_id = None
        elif line.startswith("id:"):
            event_id = line[3:].strip()
        elif line.startswith("data:"):
            now = time.time()
            event = json.loads(line[5:].strip())
            if "updated_at" in event:
                at = datetime.datetime.fromisoformat(event["updated_at"].replace("Z", "+00:00")).timestamp()
                latencies.append((now - at) * 1000.0)
                if event_id is not None:
                    ids.append(int(event_id))
    connection.close()
    if not latencies:
        print("RESULT received=0")
        return
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100.0 * len(latencies)))]

    ordered = all(b > a for a, b in zip(ids, ids[1:]))
    print(f"RESULT received={len(latencies)} p50_ms={pct(50):.1f} p90_ms={pct(90):.1f} p99_ms={pct(99):.1f} "
          f"max_ms={latencies[-1]:.1f} ids_increasing={str(ordered).lower()}")


if __name__ == "__main__":
    main()
