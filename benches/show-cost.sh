#!/usr/bin/env bash
# The cost of reading a text: `emend show --file FILE > /dev/null` with two
# builds, run alternately RUNS times each (default 15), median wall time of
# each and their ratio (NEW / OLD). Compare builds in the same run: times on a
# shared machine drift, ratios hold.
#
#   benches/show-cost.sh /tmp/emend-main target/release/emend /tmp/emend-bench/kjv.md
set -euo pipefail
old=${1:?usage: show-cost.sh OLD_EMEND NEW_EMEND FILE [RUNS]}
new=${2:?usage: show-cost.sh OLD_EMEND NEW_EMEND FILE [RUNS]}
file=${3:?usage: show-cost.sh OLD_EMEND NEW_EMEND FILE [RUNS]}
runs=${4:-15}
python3 - "$old" "$new" "$file" "$runs" <<'PY'
import statistics, subprocess, sys, time
old, new, file, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
times = {old: [], new: []}
for _ in range(runs):
    for exe in (old, new):
        t = time.perf_counter()
        subprocess.run([exe, "show", "--file", file], stdout=subprocess.DEVNULL, check=True)
        times[exe].append(time.perf_counter() - t)
a, b = statistics.median(times[old]), statistics.median(times[new])
print(f"{file}: old {a:.3f} s, new {b:.3f} s, new/old {b / a:.3f} (medians of {runs})")
PY
