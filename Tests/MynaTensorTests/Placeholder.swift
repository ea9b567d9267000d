// Tests for MynaTensor land with its issue.
