// Tests for MynaSpeakers land with its sources.
