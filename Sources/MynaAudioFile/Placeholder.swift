// MynaAudioFile: see DESIGN.md §1. Placeholder until its issue lands; replaced by real sources.
