import Foundation
@testable import Hourglass
import Testing

@Suite("Decoding errors as phrases for people")
struct DecodingProblemTests {
    struct Item: Decodable { var name: String }
    struct Inner: Decodable { var items: [Item] }
    struct Outer: Decodable {
        var inner: Inner
        var pages: Int?
    }

    private func problem(_ json: String) -> String {
        do {
            _ = try JSONDecoder().decode(Outer.self, from: Data(json.utf8))
            return "decoded"
        } catch {
            return DecodingProblem.describe(error)
        }
    }

    @Test("a missing field is named by its path, array places included")
    func missing() {
        #expect(problem(#"{"inner":{"items":[{"name":"a"},{}]}}"#) == "field 'inner.items[1].name' is missing")
        #expect(problem("{}") == "field 'inner' is missing")
    }

    @Test("a value of the wrong type or null names its field and what was expected, without Swift's type names")
    func wrongType() {
        let mismatch = problem(#"{"inner":{"items":[]},"pages":"two"}"#)
        #expect(mismatch.hasPrefix("field 'pages': ") && mismatch.contains("Int"), "\(mismatch)")
        let null = problem(#"{"inner":{"items":[{"name":null}]}}"#)
        #expect(null.hasPrefix("field 'inner.items[0].name': ") && null.contains("String"), "\(null)")
        for text in [mismatch, null] {
            #expect(!text.contains("CodingKeys") && !text.contains("Context("), "\(text)")
        }
    }

    @Test("text that is not JSON is about the whole value; other errors describe themselves")
    func notJSON() {
        #expect(problem("{").hasPrefix("the value: "))
        #expect(DecodingProblem.describe(SchedulerError.jobNotFound("a")) == "\(SchedulerError.jobNotFound("a"))")
    }
}
