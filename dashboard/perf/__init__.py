"""Performance: the benchmark command, its workload of page queries, the pandas yardstick."""
