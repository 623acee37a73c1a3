"""Drives a gnt gateway with Ganeti's own RAPI client (python3-ganeti-rapi) and prints one JSON report.

usage: rapi_client_smoke.py PORT USER PASSWORD READER READER_PASSWORD
"""
import json
import sys

from ganeti.rapi import client


def main():
    port, user, password, reader, reader_pw = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    c = client.GanetiRapiClient("127.0.0.1", port=int(port), username=user, password=password)
    ro = client.GanetiRapiClient("127.0.0.1", port=int(port), username=reader, password=reader_pw)
    out = {}
    out["version"] = c.GetVersion()
    out["info_name"] = c.GetInfo()["name"]
    out["features"] = c.GetFeatures()
    out["instances"] = c.GetInstances(bulk=True)
    out["nodes"] = c.GetNodes()
    job = c.CreateInstance("create", "py1.example.com", "diskless", [], [], os="noop",
                           pnode="missing-node.example.com", beparams={"memory": 64},
                           ip_check=False, name_check=False, reason="smoke test")
    out["create_job"] = job
    info, serial = None, None
    for _ in range(60):
        change = c.WaitForJobChange(job, ["status"], info, serial)
        info = change["job_info"]
        for entry in change["log_entries"]:
            serial = entry[0]
        if info[0] in ("success", "error", "canceled"):
            break
    out["create_final"] = info
    status = c.GetJobStatus(job)
    out["create_opresult"] = status["opresult"]
    out["create_reason"] = status["ops"][0]["reason"]
    out["shutdown_job"] = c.ShutdownInstance("py1.example.com", dry_run=True, no_remember=True)
    out["delete_job"] = c.DeleteInstance("py1.example.com", dry_run=True)
    out["jobs"] = c.GetJobs()
    try:
        c.GetInstance("nope.example.com")
        out["unknown_instance"] = "no error"
    except client.GanetiApiError as e:
        out["unknown_instance"] = e.code
    try:
        ro.ShutdownInstance("py1.example.com")
        out["reader_write"] = "no error"
    except client.GanetiApiError as e:
        out["reader_write"] = e.code
    try:
        c.CreateInstance("create", "py2.example.com", "diskless", [], [], os="noop", bogus=1)
        out["bogus"] = "no error"
    except client.GanetiApiError as e:
        out["bogus"] = [e.code, str(e)]
    uuid = c.AddFilter(1, [["opcode", ["=", "OP_ID", "OP_INSTANCE_CREATE"]]], "PAUSE",
                       reason_trail=[["gnt:user", "smoke filter", 1]])
    out["filter_uuid"] = uuid
    out["filters"] = c.GetFilters()
    out["filter"] = c.GetFilter(uuid)
    out["filter_replaced"] = c.ReplaceFilter(uuid, 0, [], ["RATE_LIMIT", 2])
    out["filters_bulk"] = c.GetFilters(bulk=True)
    out["filter_deleted"] = c.DeleteFilter(uuid)
    out["filters_after"] = c.GetFilters()
    try:
        c.AddFilter(0, [], "accept")
        out["filter_bad_action"] = "no error"
    except client.GanetiApiError as e:
        out["filter_bad_action"] = [e.code, str(e)]
    print("REPORT " + json.dumps(out))


if __name__ == "__main__":
    main()
