// Tests for MynaALSA land with its issue.
