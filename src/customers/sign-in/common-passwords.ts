/**
 * A small bundled list of the most common passwords of at least 8 characters (from public breach
 * frequency lists), for the NIST SP 800-63B 5.1.1.2 blocklist check. Compared case-insensitively.
 */
export const commonPasswords: ReadonlySet<string> = new Set(
  `12345678 123456789 1234567890 12345678910 password password1 password12 password123 passw0rd
  qwertyuiop qwerty123 qwerty12 qwertyui 1qaz2wsx 1q2w3e4r 1q2w3e4r5t zaq12wsx qazwsxedc
  11111111 00000000 88888888 87654321 11223344 12341234 11112222 12121212 123123123 abcd1234
  abc12345 iloveyou iloveyou1 sunshine princess football baseball welcome1 welcome123 trustno1
  superman batman123 starwars whatever letmein1 letmein123 computer michelle jennifer
  corvette mercedes charlie1 pokemon1 dragon12 master12 monkey12 shadow12 liverpool chelsea1
  arsenal1 55555555 66666666 77777777 99999999 22222222 33333333 44444444 1234qwer asdfghjkl
  asdf1234 asdfasdf zxcvbnm1 zxcvbnm123 q1w2e3r4 q1w2e3r4t5 aa123456 a1234567 a12345678
  admin123 administrator changeme changeme1 secret123 default1 hersecret hersecret1 salasana
  salasana1 salasana123 lösenord losenord qwerty1234 password! p@ssw0rd p@ssword 123qweasd
  qweasdzxc 987654321 9876543210 147258369 741852963 963852741 123654789 baseball1 football1
  iloveu123 lovely123 sunshine1 princess1 chocolate butterfly mustang1 jordan23 access14
  internet freedom1 whatever1 blink182 12344321 147852369 11111111111 1111111111 0987654321`
    .split(/\s+/)
    .filter((p) => p.length > 0),
);
