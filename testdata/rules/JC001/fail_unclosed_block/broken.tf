resource "aws_sqs_queue" "half" {
  name = "oops"

resource "aws_sqs_queue" "next" {
  name = [
}
# expect(-1): JC001
