import MynaRecognition
import Testing
@testable import MynaKit

/// LocalAgreement-2 on real tiny.en tokens.
@Suite struct LocalAgreementTests {
    let agreement: LocalAgreement
    let tokenizer: WhisperTokenizer

    init() throws {
        tokenizer = try DictationTestSupport.transcriber.get().model.tokenizer
        agreement = LocalAgreement(tokenizer: tokenizer)
    }

    func agreed(_ older: String, _ newer: String) -> String {
        let a = tokenizer.encode(older), b = tokenizer.encode(newer)
        return tokenizer.decode(Array(b.prefix(agreement.agreedTokenCount(a[...], b[...]))))
    }

    @Test func wholeWordsOnlyAndNeverTheNewestLastWord() {
        #expect(agreed(" This is the", " This is the acoustic corpus.") == " This is the")
        #expect(agreed(" This is the acoustic", " This is the acoustic") == " This is the", "the last word may be cut off")
        #expect(agreed(" slow and slightly...", " slow and slightly lower") == " slow and", "'slightly...' is not 'slightly'")
        #expect(agreed(" And here's some", " And here are some more") == " And")
        #expect(agreed(" tomorrow we", " to morrow we go") == "")
        #expect(agreed("", " Hello world") == "")
    }

    func covered(_ committed: String, _ hypothesis: String) -> String? {
        let a = tokenizer.encode(committed), b = tokenizer.encode(hypothesis)
        return agreement.tokenCount(covering: a[...], in: b[...]).map { tokenizer.decode(Array(b.prefix($0))) }
    }

    @Test func aHypothesisCoversTheCommittedWordsOnlyWordForWord() {
        #expect(covered(" should be", " should be fine in form.") == " should be")
        #expect(covered("", " Hello") == "")
        #expect(covered(" fine in", "fine in form") == "fine in", "only the space before a word is ignored")
        #expect(covered(" the Guttenburg", " the Gutenberg or") == nil)
        #expect(covered(" types, the", " types the Gutenberg") == nil, "punctuation belongs to its word")
        #expect(covered(" it is", " It is") == nil, "and so does case")
        #expect(covered(" fine in form", " fine in") == nil, "fewer words")
    }

    @Test func wordsStartAtSpaces() {
        let tokens = tokenizer.encode(" Hello, wonderful world")
        let words = agreement.words(tokens[...]).map { tokenizer.decode(Array(tokens[$0])) }
        #expect(words == [" Hello,", " wonderful", " world"])
    }
}
