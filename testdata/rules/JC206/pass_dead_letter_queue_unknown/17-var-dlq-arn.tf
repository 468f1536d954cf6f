variable "dlq_arn" {
  type = string
}
