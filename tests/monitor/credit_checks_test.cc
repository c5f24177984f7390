// Tests of monitor/credit_checks.cc (to be written).
