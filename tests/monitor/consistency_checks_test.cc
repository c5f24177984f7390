// Tests of monitor/consistency_checks.cc (to be written).
