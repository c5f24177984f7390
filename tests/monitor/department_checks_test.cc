// Tests of monitor/department_checks.cc (to be written).
