// Tests for MynaCommands land with its issue.
