#!/usr/bin/env bash
# JMH microbenchmarks from the test classpath. Any arguments go to JMH, e.g.
#   bench/jmh.sh KernelBenchmark.gram100 -p items=3706 -f 1 -wi 2 -i 5
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main "${@:-KernelBenchmark}"
