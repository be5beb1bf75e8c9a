import { ApiError } from "../http/errors";

const MIN_LENGTH = 12;

/** Passwords of 12 characters or more that appear near the top of every leaked-password list. */
const COMMON_PASSWORDS = new Set([
  "123456789012",
  "1234567890123",
  "12345678901234",
  "123123123123",
  "111111111111",
  "000000000000",
  "password1234",
  "password12345",
  "password123456",
  "passw0rd1234",
  "p@ssword1234",
  "p@ssw0rd1234",
  "qwertyuiop12",
  "qwertyuiop123",
  "qwerty123456",
  "1q2w3e4r5t6y",
  "1qaz2wsx3edc",
  "qazwsxedcrfv",
  "asdfghjkl123",
  "abcdefghijkl",
  "abc123456789",
  "iloveyou1234",
  "welcome12345",
  "letmein12345",
  "administrator",
  "admin1234567",
  "changeme1234",
  "trustno11234",
  "aaaaaaaaaaaa",
  "princess1234",
  "football1234",
  "baseball1234",
  "superman1234",
  "sunshine1234",
  "monkey123456",
  "dragon123456",
]);

/**
 * The one password policy, applied alike when an account is created, when its holder changes the
 * password and when an admin resets it: at least 12 characters, not the email (or its name part),
 * not a common password.
 */
export function checkPassword(password: string, email: string): void {
  const normalized = password.normalize("NFC");
  if ([...normalized].length < MIN_LENGTH) throw new ApiError(400, "WEAK_PASSWORD", { because: "short" });
  const lower = normalized.toLowerCase();
  const emailLower = email.toLowerCase();
  if (lower === emailLower || lower === emailLower.split("@")[0] || COMMON_PASSWORDS.has(lower))
    throw new ApiError(400, "WEAK_PASSWORD", { because: "guessable" });
}
