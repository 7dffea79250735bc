-- wrk script for the soak test (deploy/soak/soak.sh): cycles over API endpoints and checks that
-- every response is whole and consistent with exactly one of the two builds being swapped in
-- and out. Arguments (after `--`): <code> <name> <build-a> <build-b>, where build B is build A
-- with the English name of jurisdiction <code> changed from <name> to "<name> SOAKB".
--
-- A response is
--   failed when its status is not 200;
--   torn   when its build id (from the body, else from the ETag) is neither A nor B, when the
--          body's build id and the ETag disagree, or when the jurisdiction's name in the body
--          belongs to the other build.
-- Connection errors and timeouts are counted by wrk itself and reported by soak.sh.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  code, name, build_a, build_b = args[1], args[2], args[3], args[4]
  paths = {
    "/api/v1/compare?j=" .. code,
    "/api/v1/jurisdictions/" .. code,
    "/api/v1/meta",
    "/api/v1/search?q=risk&page_size=5",
    "/api/v1/compare?j=" .. code .. "&c=risk,scope&lang=fr",
    "/api/v1/matrix?j=" .. code,
    "/api/v1/matrix/export?j=" .. code .. "&format=csv",
    "/api/v1/provisions",
    "/api/v1/converge?a=" .. code .. "&b=eu",
    "/api/v1/changes?since=2020-01-01",
    "/feed.atom",
    "/api/v1/healthz",
  }
  name_a = '"en":"' .. name .. '"'
  name_b = '"en":"' .. name .. ' SOAKB"'
  counter = 0
  responses, failed, torn = 0, 0, 0
  first_torn = ""
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

local function tear(reason, body)
  torn = torn + 1
  if first_torn == "" then first_torn = reason .. ": " .. string.sub(body, 1, 200) end
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    failed = failed + 1
    return
  end
  local body_id = string.match(body, '"build_id":"(%x+)"')
  local etag = headers["ETag"] or headers["etag"]
  local etag_id = etag and string.match(etag, '^W/"(%x+)%-')
  if body_id and etag_id and body_id ~= etag_id then
    return tear("build id " .. body_id .. " with ETag " .. etag, body)
  end
  local id = body_id or etag_id
  if id ~= build_a and id ~= build_b then
    return tear("unknown build " .. tostring(id), body)
  end
  if string.find(body, name_b, 1, true) and id ~= build_b then
    return tear("build B's name in build " .. id, body)
  end
  if string.find(body, name_a, 1, true) and id ~= build_a then
    return tear("build A's name in build " .. id, body)
  end
end

function done(summary, latency, requests)
  local total_responses, total_failed, total_torn, example = 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    total_responses = total_responses + thread:get("responses")
    total_failed = total_failed + thread:get("failed")
    total_torn = total_torn + thread:get("torn")
    local first = thread:get("first_torn")
    if example == "" and first ~= "" then example = first end
  end
  local e = summary.errors
  -- One line for soak.sh to parse; latencies in microseconds.
  io.write(string.format(
    "SOAK responses=%d non200=%d torn=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d max_us=%d duration_us=%d\n",
    total_responses, total_failed, total_torn, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, summary.duration))
  if example ~= "" then io.write("SOAK first torn response: " .. example .. "\n") end
end
