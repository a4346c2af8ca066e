import unittest


class MathTest(unittest.TestCase):
    def test_add(self):
        self.assertEqual(1 + 1, 2)

    def test_upper(self):
        self.assertEqual("ci".upper(), "CI")


if __name__ == "__main__":
    unittest.main()
