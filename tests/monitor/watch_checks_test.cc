// Tests of monitor/watch_checks.cc (to be written).
