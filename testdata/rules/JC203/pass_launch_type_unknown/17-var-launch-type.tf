variable "launch_type" {
  type = string
}
