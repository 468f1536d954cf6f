resource "aws_iam_policy_attachment" "events" {
  name       = "events"
  roles      = [aws_iam_role.events.name]
  policy_arn = aws_iam_policy.events.arn
}
