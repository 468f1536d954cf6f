variable "rule_name" {
  type = string
}
