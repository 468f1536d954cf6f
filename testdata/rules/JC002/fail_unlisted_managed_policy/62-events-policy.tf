resource "aws_iam_role_policy_attachment" "events" {
  role       = aws_iam_role.events.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSEventsRunTaskPolicy" # expect: JC002
}
