// Tests for MynaNN land with its issue.
