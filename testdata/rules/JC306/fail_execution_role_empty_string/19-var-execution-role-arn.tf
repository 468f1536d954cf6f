variable "execution_role_arn" {
  description = "An existing execution role; empty for none"
  type        = string
  default     = ""
}
