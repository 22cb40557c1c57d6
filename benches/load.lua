-- wrk script for benches/load.sh: cycles through the site's pages (listed one per line in
-- the file named by $GLOSS_PAGES), checks every answer is whole, and reports requests per
-- second, latency percentiles and every kind of failure.
--
-- An answer counts as failed unless it is a 200 whose Content-Length equals the body's length
-- and whose HTML ends with </html> (a page cut short, or half of an old page and half of a new
-- one, would not).

local pages = {}
for line in io.lines(os.getenv("GLOSS_PAGES")) do
  pages[#pages + 1] = line
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  next_page = id
  checked = 0
  failed = 0
  truncated = 0
end

function request()
  next_page = next_page % #pages + 1
  return wrk.format("GET", pages[next_page])
end

function response(status, headers, body)
  checked = checked + 1
  local length = tonumber(headers["Content-Length"])
  if status ~= 200 then
    failed = failed + 1
  elseif length == nil or length ~= #body or not body:find("</html>%s*$") then
    truncated = truncated + 1
  end
end

function done(summary, latency, requests)
  local checked, failed, truncated = 0, 0, 0
  for _, thread in ipairs(threads) do
    checked = checked + thread:get("checked")
    failed = failed + thread:get("failed")
    truncated = truncated + thread:get("truncated")
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("pages: %d, answers checked: %d\n", #pages, checked))
  io.write(string.format("requests/s: %.0f over %.1f s (%d requests)\n",
    summary.requests / seconds, seconds, summary.requests))
  io.write(string.format("latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("failed (not 200): %d, truncated: %d\n", failed, truncated))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    e.connect, e.read, e.write, e.timeout))
end
