import Foundation
import Testing

@testable import Hourglass
import HourglassTestSupport

@Suite("JSON text written by hand for store parameters")
struct JSONTextTests {
    @Test(
        "a string array reads back as the same strings, whatever they hold",
        arguments: [
            [], ["job-1"], ["a", "b"], ["say \"hi\"", "back\\slash", "line\nbreak\ttab\rreturn"],
            ["\u{0}\u{1}\u{1F}", "é ü 日本", "👩‍💻"], ["", " "],
        ] as [[String]])
    func roundTrip(_ strings: [String]) throws {
        let text = JSONText.array(strings)
        #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == strings)
    }

    @Test("plain strings are written as they are; control characters as \\u escapes")
    func escapes() {
        #expect(JSONText.array(["a", "b"]) == #"["a","b"]"#)
        #expect(JSONText.array(["\u{1}\"\\"]) == #"["\u0001\"\\"]"#)
    }
}
