/// MynaCore's value types, roles and errors (`AudioBuffer`, `AudioFormat`, `ConfigurationError`, …) are the vocabulary
/// of MynaKit's API, so a program that imports MynaKit sees them without importing MynaCore itself.
@_exported import MynaCore
