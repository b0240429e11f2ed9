"""The CAPI request: event model, field names and contract, send outcomes, scrubbing, consent."""
