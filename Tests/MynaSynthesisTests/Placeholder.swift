// Tests for MynaSynthesis land with its sources.
