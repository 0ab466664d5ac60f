"""The customers every API load benchmark simulates: a demo number to verify with, then one
conversation (balance, a follow-up, plans, a recharge with consent, a complaint, thanks)."""

# Demo customers of the seeded operator (store/seed_data.yaml).
PHONES = ["9876543210", "9812345670", "9988776655"]
CONVERSATION = [
    "mera balance kitna hai",
    "aur validity kab tak hai",
    "koi sasta plan batao",
    "recharge karna hai",
    "299 wala",
    "haan kar do",
    "mera internet bahut slow hai, complaint darj karo",
    "dhanyavaad",
]
