resource "aws_sqs_queue" "dlq" {
  name = "${var.name}-dlq"
}
