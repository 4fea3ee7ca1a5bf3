"""How a batch moves: scan the landing directory, the chain of stages, batching, the driver.

The top layer of etl: may import every other sub-package. Nothing in etl imports it.
"""
