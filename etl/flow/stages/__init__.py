"""The stages of the chain, one module each: its batch function ``run`` and its ``load``.

``run(records, settings, hand_on)`` takes a batch of the stage's input records and returns
a StageOutput: the rows of its tables, the files it quarantined and, with ``hand_on``, the
next stage's input records. ``load(con, file_ids, settings)`` builds the same input
records from the warehouse, for a stage that starts a run. etl.flow.chain orders them.
"""
