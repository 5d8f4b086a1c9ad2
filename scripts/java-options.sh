# The JVM options the services run with on one machine (sourced by scripts/up.sh and scripts/bench.sh;
# the container image sets its own, container-aware, in docker/Dockerfile.jvm). Settled by measurement
# with scripts/bench.sh on the 2-core reference machine (README, "Performance"):
#   -XX:TieredStopAtLevel=1   C1 only. With the defaults, C2 compiler threads took 37% of each service's CPU
#                             during a benchmark run (/proc per-thread CPU), on two cores shared by four JVMs,
#                             PostgreSQL and RabbitMQ; with C1 only they take 4-7%, and the burst went from
#                             16.6 to 23.2 decided orders/s. (A long-running service on a big machine may
#                             prefer C2's faster code: set JAVA_OPTS.)
#   -XX:+UseSerialGC, -Xmx64m   a small heap (the default is a quarter of the machine) and the collector with
#                             the least overhead for it. 112m at first, then 96m; 64m takes inventory's peak
#                             from 280 to 250 MB, under the 256 MB of the target, for a few percent more of its
#                             CPU (more collections: its live data is about 30 MB; short runs side by side,
#                             docs/benchmark.md). Above the heap: metaspace 77 MB, symbols 22, code 20.
#   -Xss512k, -XX:ReservedCodeCacheSize=64m, MALLOC_ARENA_MAX=2
#                             less native memory per thread, for code and for glibc's per-thread arenas.
#   Together: peak resident memory (VmHWM) 205-250 MB per service under load (was 277-382 MB).
# JAVA_OPTS, when set, replaces these; MALLOC_ARENA_MAX, when set, is kept.
CHOREO_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx64m -Xss512k -XX:ReservedCodeCacheSize=64m"
JAVA_OPTS=${JAVA_OPTS-$CHOREO_JAVA_OPTS}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
