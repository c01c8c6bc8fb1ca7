"""The CloudWatch Logs filter-pattern matcher (slemu.logdata.compile_filter).

Run: python3 -m unittest discover -s tests/emulator_tests -p 'test_logs_*.py'
"""

import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "emulator"))

from slemu.logdata import PatternError, compile_filter, split_fields  # noqa


def matches(pattern, message):
    m = compile_filter(pattern)
    return True if m is None else m(message)


class TermPatterns(unittest.TestCase):
    def test_empty_pattern_matches_everything(self):
        self.assertIsNone(compile_filter(None))
        self.assertIsNone(compile_filter(""))
        self.assertIsNone(compile_filter("   "))

    def test_single_term_is_case_sensitive_substring(self):
        self.assertTrue(matches("ERROR", "[ERROR] boom"))
        self.assertTrue(matches("ERROR", "ERRORS everywhere"))
        self.assertFalse(matches("ERROR", "error: boom"))
        self.assertFalse(matches("ERROR", "Error"))

    def test_all_terms_must_match(self):
        self.assertTrue(matches("ERROR TypeError", "ERROR\tTypeError: x"))
        self.assertFalse(matches("ERROR TypeError", "ERROR\tRangeError"))
        self.assertFalse(matches("ERROR TypeError", "INFO TypeError"))
        # order does not matter
        self.assertTrue(matches("TypeError ERROR", "ERROR TypeError"))

    def test_quoted_phrase(self):
        self.assertTrue(matches('"Task timed out"',
                                "x Task timed out after 3.00 seconds"))
        self.assertFalse(matches('"Task timed out"', "Task timed  out"))
        self.assertFalse(matches('"Task timed out"', "out timed Task"))
        self.assertTrue(matches('"reading \'id\'"',
                                "Cannot read properties of undefined "
                                "(reading 'id')"))

    def test_escaped_quote_inside_phrase(self):
        self.assertTrue(matches(r'"say \"hi\""', 'they say "hi" to you'))
        self.assertFalse(matches(r'"say \"hi\""', "they say hi"))

    def test_phrase_and_term(self):
        self.assertTrue(matches('ERROR "Invoke Error"',
                                "ERROR\tInvoke Error \t{}"))
        self.assertFalse(matches('ERROR "Invoke Error"', "ERROR\tInvoke"))

    def test_or_terms(self):
        p = "?ERROR ?WARN"
        self.assertTrue(matches(p, "x ERROR y"))
        self.assertTrue(matches(p, "x WARN y"))
        self.assertTrue(matches(p, "WARN ERROR"))
        self.assertFalse(matches(p, "INFO all good"))
        self.assertTrue(matches('?"timed out" ?TypeError', "Task timed out"))

    def test_exclusion(self):
        p = "ERROR -Exiting"
        self.assertTrue(matches(p, "ERROR boom"))
        self.assertFalse(matches(p, "ERROR Exiting now"))
        self.assertFalse(matches(p, "INFO"))
        self.assertFalse(matches('ERROR -"Invoke Error"',
                                 "ERROR\tInvoke Error \t{}"))
        self.assertTrue(matches("-DEBUG", "INFO x"))
        self.assertFalse(matches("-DEBUG", "DEBUG x"))

    def test_mixed_and_or_not(self):
        p = "START ?INFO ?WARN -healthcheck"
        self.assertTrue(matches(p, "START INFO"))
        self.assertFalse(matches(p, "START ERROR"))
        self.assertFalse(matches(p, "INFO"))
        self.assertFalse(matches(p, "START INFO healthcheck"))

    def test_unicode_and_control_characters(self):
        self.assertTrue(matches("Groß", "Jürgen Groß"))
        self.assertTrue(matches("山田太郎", "用户 山田太郎 已登录"))
        self.assertTrue(matches("🚀", "🚀 deployed"))
        self.assertTrue(matches("red", "\x1b[31mred\x1b[0m"))

    def test_terms_match_inside_json(self):
        self.assertTrue(matches("TypeError", '{"errorType":"TypeError"}'))

    def test_regex(self):
        self.assertTrue(matches("%u-[0-9]{3}%", "fetching user u-123"))
        self.assertFalse(matches("%u-[0-9]{3}%", "fetching user u-12"))
        self.assertTrue(matches("%^START%", "START RequestId: x"))
        with self.assertRaises(PatternError):
            compile_filter("%(unclosed%")

    def test_bad_patterns(self):
        for p in ['"unterminated', 'ab"cd', '"a"b']:
            with self.assertRaises(PatternError, msg=p):
                compile_filter(p)


class JsonPatterns(unittest.TestCase):
    LINE = json.dumps({"level": "error", "msg": "user lookup failed",
                       "userId": "u-123", "latencyMs": 142, "ok": False,
                       "extra": None, "tags": ["a", "b"],
                       "req": {"method": "GET", "path": "/users/u-123",
                               "status": 502},
                       "name": "Jürgen"})

    def m(self, pattern, line=None):
        return matches(pattern, self.LINE if line is None else line)

    def test_string_equality(self):
        self.assertTrue(self.m('{ $.level = "error" }'))
        self.assertTrue(self.m('{$.level="error"}'))
        self.assertFalse(self.m('{ $.level = "info" }'))
        self.assertFalse(self.m('{ $.level = "ERROR" }'))
        self.assertTrue(self.m('{ $.level = error }'))
        self.assertTrue(self.m('{ $.level != "info" }'))
        self.assertFalse(self.m('{ $.level != "error" }'))
        self.assertTrue(self.m('{ $.name = "Jürgen" }'))

    def test_wildcards(self):
        self.assertTrue(self.m('{ $.msg = "user*" }'))
        self.assertTrue(self.m('{ $.msg = "*failed" }'))
        self.assertTrue(self.m('{ $.msg = "*lookup*" }'))
        self.assertFalse(self.m('{ $.msg = "*created*" }'))
        self.assertTrue(self.m('{ $.userId = * }'))

    def test_numbers(self):
        self.assertTrue(self.m("{ $.latencyMs > 100 }"))
        self.assertTrue(self.m("{ $.latencyMs >= 142 }"))
        self.assertFalse(self.m("{ $.latencyMs > 142 }"))
        self.assertTrue(self.m("{ $.latencyMs < 142.5 }"))
        self.assertTrue(self.m("{ $.latencyMs = 142 }"))
        self.assertTrue(self.m("{ $.latencyMs != 141 }"))
        self.assertTrue(self.m("{ $.latencyMs <= 1.42e2 }"))
        # a string field never compares as a number
        self.assertFalse(self.m("{ $.userId > 1 }"))

    def test_nested_and_arrays(self):
        self.assertTrue(self.m('{ $.req.method = "GET" }'))
        self.assertTrue(self.m("{ $.req.status >= 500 }"))
        self.assertTrue(self.m('{ $.tags[1] = "b" }'))
        self.assertFalse(self.m('{ $.tags[2] = "b" }'))
        self.assertTrue(self.m('{ $.tags[*] = "a" }'))

    def test_boolean_logic(self):
        self.assertTrue(self.m('{ $.level = "error" && $.latencyMs > 100 }'))
        self.assertFalse(self.m('{ $.level = "error" && $.latencyMs > 200 }'))
        self.assertTrue(self.m('{ $.level = "info" || $.latencyMs > 100 }'))
        self.assertTrue(self.m('{ ($.level = "info" || $.level = "error") '
                               '&& ($.req.status = 502) }'))
        self.assertFalse(self.m('{ ($.level = "info" || $.level = "warn") '
                                '&& $.req.status = 502 }'))
        # && binds tighter than ||
        self.assertTrue(self.m('{ $.level = "info" && $.x = 1 || '
                               '$.level = "error" }'))

    def test_is_and_exists(self):
        self.assertTrue(self.m("{ $.ok IS FALSE }"))
        self.assertFalse(self.m("{ $.ok IS TRUE }"))
        self.assertTrue(self.m("{ $.extra IS NULL }"))
        self.assertFalse(self.m("{ $.level IS NULL }"))
        self.assertTrue(self.m("{ $.nothere NOT EXISTS }"))
        self.assertFalse(self.m("{ $.level NOT EXISTS }"))

    def test_missing_field_and_non_json(self):
        self.assertFalse(self.m('{ $.nothere = "x" }'))
        self.assertFalse(self.m('{ $.nothere != "x" }'))
        self.assertFalse(matches('{ $.level = "error" }',
                                 "ERROR level=error"))
        self.assertFalse(matches('{ $.level = "error" }', '{"level": '))
        self.assertFalse(matches("{ $.nothere NOT EXISTS }", "plain text"))

    def test_regex_value(self):
        self.assertTrue(self.m("{ $.userId = %u-[0-9]+% }"))
        self.assertFalse(self.m("{ $.userId = %^x% }"))

    def test_bad_json_patterns(self):
        for p in ["{ $.level = }", "{ level = 1 }", "{ $.a > \"x\" }",
                  "{ ($.a = 1 }", "{ $.a = 1 && }", "{ $.a IS MAYBE }",
                  "{ $.a = 1", "{ }"]:
            with self.assertRaises(PatternError, msg=p):
                compile_filter(p)


class SpaceDelimitedPatterns(unittest.TestCase):
    LINE = ('127.0.0.1 frank [10/Oct/2000:13:25:15 -0700] '
            '"GET /apache_pb.gif HTTP/1.0" 404 1534')

    def test_split_fields(self):
        self.assertEqual(split_fields(self.LINE), [
            "127.0.0.1", "frank", "10/Oct/2000:13:25:15 -0700",
            "GET /apache_pb.gif HTTP/1.0", "404", "1534"])

    def test_field_count_must_match(self):
        self.assertTrue(matches("[ip, user, ts, request, status, bytes]",
                                self.LINE))
        self.assertFalse(matches("[ip, user, ts, request, status]",
                                 self.LINE))

    def test_conditions(self):
        self.assertTrue(matches("[ip, user, ts, request, status = 404, "
                                "bytes]", self.LINE))
        self.assertTrue(matches("[ip, user, ts, request, status = 4*, "
                                "bytes > 1000]", self.LINE))
        self.assertFalse(matches("[ip, user, ts, request, status = 5*, "
                                 "bytes]", self.LINE))
        self.assertTrue(matches('[ip, user = "frank", ...]', self.LINE))
        self.assertTrue(matches("[..., status = 404 || status = 410, "
                                "bytes]", self.LINE))

    def test_ellipsis(self):
        self.assertTrue(matches("[..., status = 404, bytes]", self.LINE))
        self.assertTrue(matches("[ip, ..., bytes < 2000]", self.LINE))
        self.assertFalse(matches("[ip, ..., bytes < 1000]", self.LINE))


if __name__ == "__main__":
    unittest.main()
