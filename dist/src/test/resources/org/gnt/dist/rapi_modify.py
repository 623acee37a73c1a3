"""Ganeti's own RAPI client against gnt: modify, grow-disk, console. Prints one REPORT line.

usage: rapi_modify.py PORT USER PASSWORD INSTANCE
"""
import json
import sys
import time

from ganeti.rapi import client


def wait(c, job):
    for _ in range(600):
        status = c.GetJobStatus(job)
        if status["status"] in ("success", "error", "canceled"):
            return status
        time.sleep(0.1)
    raise RuntimeError("job %s did not finish" % job)


def main():
    port, user, password, inst = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    c = client.GanetiRapiClient("127.0.0.1", port=int(port), username=user, password=password)
    out = {}
    st = wait(c, c.ModifyInstance(inst, beparams={"vcpus": 2}, hvparams={"migration_mode": "non-live"}))
    out["modify"] = [st["status"], st["opresult"]]
    st = wait(c, c.GrowInstanceDisk(inst, 0, 16))
    out["grow"] = [st["status"], st["opresult"]]
    out["console"] = c.GetInstanceConsole(inst)
    print("REPORT " + json.dumps(out))


if __name__ == "__main__":
    main()
