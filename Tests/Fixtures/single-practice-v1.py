# Writes Tests/Fixtures/single-practice-v1.sqlite: a database of one practice (the bundled example)
# written by the code before rows carried their practice (commit 2ee202c), for the upgrade tests.
# Usage: python3 single-practice-v1.py OUT.sqlite PATH/TO/permanence (then: sqlite3 OUT.sqlite VACUUM)
import json, subprocess, sys, os
db = sys.argv[1]
for s in ("", "-wal", "-shm"):
    try: os.remove(db + s)
    except FileNotFoundError: pass
p = subprocess.Popen([sys.argv[2], "serve", "--stdio", "--db", db, "--clock", "2026-03-10T09:00:00+01:00"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
n = 0
def call(method, params=None):
    global n; n += 1
    msg = {"jsonrpc": "2.0", "id": n, "method": method}
    if params is not None: msg["params"] = params
    p.stdin.write(json.dumps(msg) + "\n"); p.stdin.flush()
    while True:
        r = json.loads(p.stdout.readline())
        if r.get("id") == n: break
    if "error" in r: print(method, "ERROR", r["error"], file=sys.stderr); return None
    return r["result"]
call("initialize", {})
pat = call("patients.create", {"lastName": "Moreau", "firstName": "Léa", "birthDate": "1984-05-02", "phone": "+33612345678", "email": "lea@example.fr"})
pid = pat["id"] if pat else None
pat2 = call("patients.create", {"lastName": "Petit", "firstName": "Jules", "birthDate": "2015-01-09", "phone": "+33698765432"})
slots = call("agenda.findSlots", {"appointmentTypeId": "consultation", "from": "2026-03-12T08:00:00+01:00", "limit": 3})
print(json.dumps(slots)[:300], file=sys.stderr)
s = slots[0]
appt = call("agenda.book", {"practitionerId": s["practitionerId"], "siteId": s["siteId"], "start": s["start"], "appointmentTypeId": "consultation", "patientId": pid, "idempotencyKey": "fixture-1"})
s2 = slots[1]
call("agenda.book", {"practitionerId": s2["practitionerId"], "siteId": s2["siteId"], "start": s2["start"], "appointmentTypeId": "consultation", "patientId": pat2["id"]})
call("agenda.addAbsence", {"practitionerId": s["practitionerId"], "from": "2026-04-01T00:00:00+02:00", "to": "2026-04-03T00:00:00+02:00", "kind": "holiday"})
call("waitlist.add", {"patientId": pat2["id"], "appointmentTypeId": "consultation"})
call("messaging.take", {"category": "results", "text": "Rappeler pour résultats", "callbackNumber": "+33612345678", "urgency": "normal", "patientId": pid})
inc = call("escalation.raise", {"caller": "+33612345678", "reason": "douleur thoracique", "urgency": "urgent", "patientId": pid})
call("faq.upsert", {"id": "masque", "questions": ["Faut-il un masque ?"], "answer": "Oui en cas de toux."})
call("faq.feedback", {"question": "c koi le code wifi", "entryId": "none"})
call("contacts.record", {"channel": "phone", "direction": "inbound", "caller": {"name": "Léa Moreau", "phone": "+33612345678", "relationship": "self"}, "motive": "appointment", "offeredAt": "2026-03-10T08:55:00+01:00", "answeredAt": "2026-03-10T08:55:20+01:00", "endedAt": "2026-03-10T08:58:00+01:00", "patientId": pid})
call("shutdown"); call("exit")
p.stdin.close(); p.wait(timeout=20)
