// Tests for MynaVAD land with its sources.
