// Tests for MynaAudioFile land with its issue.
