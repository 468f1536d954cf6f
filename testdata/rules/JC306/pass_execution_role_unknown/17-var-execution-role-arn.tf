variable "execution_role_arn" {
  type = string
}
