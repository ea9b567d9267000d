// The mutable containers a pickle builds; reference types so memo entries share them as Python objects do.

final class PickleList {
    var items: [PickleValue] = []
}

/// An insertion-ordered dict (Python dicts and `OrderedDict` both keep order).
final class PickleDict {
    var keys: [PickleValue] = []
    var values: [PickleValue] = []
}
