"""The data layer: snapshot contract, store, SQL runner, filters, reference codes, synth, ingest."""
