// Tests for MynaKit land with its issue.
