"""`python -m benchmarks`: run every measurement and update benchmarks/README.md."""

from benchmarks.run import main

main()
