import Foundation

/// Answers JSON Lines requests from standard input, one answer line per request, in order.
enum BatchRunner {
    static func run() {
        let encoder = lineEncoder()
        var output = Data()
        while let line = readLine(strippingNewline: true) {
            if line.allSatisfy(\.isWhitespace) { continue }
            let answer = BatchAnswer.answer(line: Data(line.utf8))
            output.append((try? encoder.encode(answer)) ?? Data(#"{"error":"invalid"}"#.utf8))
            output.append(0x0A)
            if output.count > 1 << 16 {
                FileHandle.standardOutput.write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(output)
    }
}

/// The encoder for one-line JSON output: sorted keys, slashes unescaped.
func lineEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
}
