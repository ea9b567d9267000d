// Tests for MynaDSP land with its issue.
