"""Independent pooling check with pyworkforce's Erlang C: for each interval, the agents one queue
needs for the pooled calls and, summed, the agents each practice's own queue needs for its calls.
Also checks the server's pooled result against the method's result schema (JSON Schema draft 7),
so the `pooling` part of the contract is checked on a real result.
Usage: pooling_check.py INPUT.json -> JSON on stdout.
INPUT: {ahtSeconds, intervalSeconds, thresholdSeconds, serviceLevel, maxOccupancy, shrinkageBasisPoints,
        intervals: [{pooled: calls, practices: [calls, ...]}], schema, result}
Agents with shrinkage use the exact integer rule ceil(raw * 10000 / (10000 - bp)): pyworkforce's
float ceil(raw / (1 - s)) gives 31 for 21 agents at 30 %, one too many."""
import json, sys
from jsonschema import Draft7Validator
from pyworkforce.queuing import ErlangC

spec = json.load(open(sys.argv[1]))
bp = spec["shrinkageBasisPoints"]


def agents(calls):
    if calls <= 0:
        return 0
    erlang = ErlangC(transactions=calls, aht=spec["ahtSeconds"], asa=spec["thresholdSeconds"], interval=spec["intervalSeconds"])
    return int(erlang.required_positions(service_level=spec["serviceLevel"], max_occupancy=spec["maxOccupancy"])["raw_positions"])


def scheduled(raw):
    return -(-raw * 10000 // (10000 - bp))


out = []
for interval in spec["intervals"]:
    pooled = agents(interval["pooled"])
    separate = [agents(c) for c in interval["practices"]]
    out.append({"agents": pooled, "separateAgents": sum(separate), "agentsWithShrinkage": scheduled(pooled),
                "separateAgentsWithShrinkage": sum(scheduled(n) for n in separate), "practiceAgents": separate})
validator = Draft7Validator(spec["schema"], format_checker=Draft7Validator.FORMAT_CHECKER)
violations = ["/".join(str(p) for p in e.absolute_path) + ": " + e.message[:300] for e in validator.iter_errors(spec["result"])]
print(json.dumps({"intervals": out, "violations": violations}))
