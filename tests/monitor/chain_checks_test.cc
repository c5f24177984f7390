// Tests of monitor/chain_checks.cc (to be written).
