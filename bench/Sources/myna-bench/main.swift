print("myna-bench: no benchmarks yet")
